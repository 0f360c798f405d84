using System.Globalization;

namespace LogAnalyzer.Benchmarks.Patterns;

/// <summary>
/// A mixed stream shaped like the Loghub samples (HDFS, Hadoop, Spark, Zookeeper, BGL, OpenSSH, Android, HealthApp):
/// their most frequent templates with generated values, in random order, seeded so every run mines the same stream.
/// </summary>
internal static class LoghubLikeMessages
{
    private static readonly string[] Users = ["root", "admin", "oracle", "test", "guest", "webmaster", "ubuntu", "pi", "git", "postgres"];

    private static readonly Func<Random, string>[] Shapes =
    [
        r => $"Receiving block blk_{Long(r)} src: /{Ip(r)}:{r.Next(1024, 65535)} dest: /{Ip(r)}:50010",
        r => $"BLOCK* NameSystem.addStoredBlock: blockMap updated: {Ip(r)}:50010 is added to blk_{Long(r)} size {r.Next()}",
        r => $"PacketResponder {r.Next(3)} for block blk_{Long(r)} terminating",
        r => $"Progress of TaskAttempt attempt_1445144423722_0020_m_{r.Next(100):D6}_0 is : {r.NextDouble():F8}",
        r => $"Address change detected. Old: msra-sa-41/{Ip(r)}:8030 New: msra-sa-41:8030",
        r => $"Failed to renew lease for [DFSClient_NONMAPREDUCE_{r.Next()}_1] for {r.Next(30, 900)} seconds.  Will retry shortly ...",
        r => $"Running task {r.Next(40)}.0 in stage {r.Next(30)}.0 (TID {r.Next(2000)})",
        r => $"Finished task {r.Next(40)}.0 in stage {r.Next(30)}.0 (TID {r.Next(2000)}). {r.Next(900, 3000)} bytes result sent to driver",
        r => $"Block rdd_{r.Next(40)}_{r.Next(40)} stored as bytes in memory (estimated size {r.Next(1, 999)}.{r.Next(10)} KB, free {r.Next(1, 20)}.{r.Next(10)} GB)",
        r => $"Received connection request /{Ip(r)}:{r.Next(1024, 65535)}",
        r => $"Connection broken for id {Long(r)}, my id = {r.Next(1, 4)}, error =",
        r => $"generating core.{r.Next(9999)}",
        r => $"CE sym {r.Next(40)}, at 0x{r.Next():x8}, mask 0x{r.Next(256):x2}",
        r => $"Failed password for {Users[r.Next(Users.Length)]} from {Ip(r)} port {r.Next(1024, 65535)} ssh2",
        r => $"pam_unix(sshd:auth): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={Ip(r)}  user={Users[r.Next(Users.Length)]}",
        r => $"Invalid user {Users[r.Next(Users.Length)]} from {Ip(r)}",
        r => $"acquire lock={r.Next()}, flags=0x{r.Next(16):x}, tag=\"WindowManager\", name=android, ws=null, uid={r.Next(1000, 10200)}, pid={r.Next(9999)}",
        r => $"userActivityNoUpdateLocked: eventTime={r.Next()}, event={r.Next(3)}, flags=0x{r.Next(4)}, uid=1000",
        r => $"getTodayTotalDetailSteps = {Long(r)}##{r.Next(9999)}##{r.Next(999999)}##{r.Next(9999)}##{r.Next(99999)}##{r.Next()}",
        r => $"onStandStepChanged {r.Next(9999)}",
        _ => "Interrupted while waiting for message on queue",
        _ => "processHandleBroadcastAction action:android.intent.action.TIME_TICK",
    ];

    public static string[] Create(int count, int seed = 42)
    {
        var random = new Random(seed);
        var messages = new string[count];
        for (var i = 0; i < count; i++)
        {
            messages[i] = Shapes[random.Next(Shapes.Length)](random);
        }

        return messages;
    }

    private static string Ip(Random r) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{r.Next(256)}.{r.Next(256)}.{r.Next(1, 255)}");

    private static long Long(Random r) => r.NextInt64(-long.MaxValue, long.MaxValue);
}
