using System.Text;

namespace LogAnalyzer.Analysis;

/// <summary>Turns a structured logger's message template into a pattern template.</summary>
internal static class MessageTemplates
{
    /// <summary>
    /// Replaces each hole (<c>{UserId}</c>, <c>{@Order}</c>, <c>{Elapsed:0.00}</c>) with <c>&lt;*&gt;</c>; doubled braces
    /// stay literal braces. <c>User {UserId} logged in</c> becomes <c>User &lt;*&gt; logged in</c>.
    /// </summary>
    public static string ToWildcards(string messageTemplate)
    {
        var result = new StringBuilder(messageTemplate.Length);
        for (var i = 0; i < messageTemplate.Length; i++)
        {
            var c = messageTemplate[i];
            if (c == '{' && i + 1 < messageTemplate.Length && messageTemplate[i + 1] == '{')
            {
                result.Append('{');
                i++;
            }
            else if (c == '}' && i + 1 < messageTemplate.Length && messageTemplate[i + 1] == '}')
            {
                result.Append('}');
                i++;
            }
            else if (c == '{' && messageTemplate.IndexOf('}', i + 1) is var end and > 0)
            {
                result.Append("<*>");
                i = end;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }
}
