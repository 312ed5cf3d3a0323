using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Incidents.Storage.Health;

/// <summary>
/// Tells a write refused for lack of space or a read-only database (nothing to fix in the request, retry later) from
/// every other failure. SQLite: SQLITE_FULL (13), SQLITE_READONLY (8), SQLITE_IOERR (10; a full disk often surfaces as
/// an I/O error on write or fsync). SQL Server: 1105 (filegroup full), 9002 (log full), 3906 (read-only database).
/// A transaction that fails so is rolled back whole: nothing is half-written.
/// </summary>
public static class StorageFailure
{
    public static bool IsUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is SqliteException s && s.SqliteErrorCode is 13 or 8 or 10) return true;
            if (e is SqlException q && q.Errors.Cast<SqlError>().Any(x => x.Number is 1105 or 9002 or 3906)) return true;
            // Files on disk (attachments): ENOSPC, EROFS on Linux; ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL on Windows.
            if (e is IOException io && (io.HResult & 0xFFFF) is 28 or 30 or 39 or 112) return true;
        }
        return false;
    }
}
