using Grpc.Core;
using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;
using WireStatus = MilvusPS.Protocol.Status;

namespace MilvusPS.Emulator.Services;

// Databases.
internal sealed partial class MilvusServiceFacade
{
    public override Task<WireStatus> CreateDatabase(CreateDatabaseRequest request, ServerCallContext context)
    {
        _state.Catalog.CreateDatabase(request.DbName, Pairs(request.Properties));
        return Done();
    }

    public override Task<WireStatus> DropDatabase(DropDatabaseRequest request, ServerCallContext context)
    {
        _state.Catalog.DropDatabase(request.DbName);
        return Done();
    }

    public override Task<ListDatabasesResponse> ListDatabases(ListDatabasesRequest request, ServerCallContext context)
    {
        var response = new ListDatabasesResponse { Status = Ok() };
        foreach (var db in _state.Catalog.Databases)
        {
            response.DbNames.Add(db.Name);
            response.DbIds.Add(db.Id);
            response.CreatedTimestamp.Add(db.CreatedTimestamp);
        }
        return Task.FromResult(response);
    }

    public override Task<WireStatus> AlterDatabase(AlterDatabaseRequest request, ServerCallContext context)
    {
        _state.Catalog.AlterDatabase(Db(context, request.DbName), Pairs(request.Properties), request.DeleteKeys);
        return Done();
    }

    public override Task<DescribeDatabaseResponse> DescribeDatabase(DescribeDatabaseRequest request, ServerCallContext context)
    {
        var db = _state.Catalog.GetDatabase(Db(context, request.DbName));
        var response = new DescribeDatabaseResponse { Status = Ok(), DbName = db.Name, DbID = db.Id, CreatedTimestamp = db.CreatedTimestamp };
        response.Properties.AddRange(db.Properties.ToWire());
        return Task.FromResult(response);
    }
}
