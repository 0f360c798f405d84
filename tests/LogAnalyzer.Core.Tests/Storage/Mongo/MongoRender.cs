using MongoDB.Bson;
using MongoDB.Bson.IO;
using MongoDB.Bson.Serialization;
using MongoDB.Bson.Serialization.Serializers;
using MongoDB.Driver;

namespace LogAnalyzer.Tests.Storage.Mongo;

/// <summary>Renders the store's definitions to the BSON the driver sends, as relaxed extended JSON.</summary>
internal static class MongoRender
{
    private static readonly JsonWriterSettings Json = new() { OutputMode = JsonOutputMode.RelaxedExtendedJson };

    private static RenderArgs<BsonDocument> Args => new(BsonDocumentSerializer.Instance, BsonSerializer.SerializerRegistry);

    public static string Of(FilterDefinition<BsonDocument> filter) => filter.Render(Args).ToJson(Json);

    public static string Of(SortDefinition<BsonDocument> sort) => sort.Render(Args).ToJson(Json);

    public static string Of(UpdateDefinition<BsonDocument> update) => update.Render(Args).ToJson(Json);

    public static string Of(ProjectionDefinition<BsonDocument> projection) => projection.Render(Args).ToJson(Json);

    public static string Of<TOutput>(PipelineDefinition<BsonDocument, TOutput> pipeline) =>
        new BsonArray(pipeline.Render(Args).Documents).ToJson(Json);

    public static string Of(CreateIndexModel<BsonDocument> index)
    {
        var options = index.Options;
        var rendered = new BsonDocument("key", index.Keys.Render(Args));
        if (options.Name is { } name)
        {
            rendered.Add("name", name);
        }

        if (options.Unique is true)
        {
            rendered.Add("unique", true);
        }

        if (options.ExpireAfter is { } expireAfter)
        {
            rendered.Add("expireAfterSeconds", (long)expireAfter.TotalSeconds);
        }

        if (options.DefaultLanguage is { } language)
        {
            rendered.Add("default_language", language);
        }

        if (options is CreateIndexOptions<BsonDocument> { PartialFilterExpression: { } partial })
        {
            rendered.Add("partialFilterExpression", partial.Render(Args));
        }

        return rendered.ToJson(Json);
    }

    public static string Of(UpdateOneModel<BsonDocument> model) => new BsonDocument
    {
        { "q", model.Filter.Render(Args) },
        { "u", model.Update.Render(Args).AsBsonDocument },
        { "upsert", model.IsUpsert },
    }.ToJson(Json);

    public static string Of(UpdateManyModel<BsonDocument> model) => new BsonDocument
    {
        { "q", model.Filter.Render(Args) },
        { "u", model.Update.Render(Args).AsBsonDocument },
        { "multi", true },
    }.ToJson(Json);
}
