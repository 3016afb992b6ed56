// Times SQLite's PRAGMA quick_check (or integrity_check) on a database file through the driver Sluice runs
// (sqlite-jdbc), read-only, as Sluice's check after start does. Run with the runnable jar on the class path:
//   java -cp bootstrap/target/bootstrap-*-all.jar bench/SqliteQuickCheck.java <file> [quick_check|integrity_check] [runs]
// Fill a file first with bench/LogStoreBench.java (its write command). To time a cold read, drop the file's
// pages from the page cache between runs: python3 -c 'import os;f=os.open("<file>",os.O_RDONLY);os.posix_fadvise(f,0,0,os.POSIX_FADV_DONTNEED)'
import org.sqlite.SQLiteConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

public class SqliteQuickCheck {

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String pragma = args.length > 1 ? args[1] : "quick_check";
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        System.out.printf("%s, %.2f GB%n", file, Files.size(file) / 1e9);
        for (int run = 0; run < runs; run++) {
            long start = System.nanoTime();
            try (Connection connection = config.createConnection("jdbc:sqlite:" + file.toAbsolutePath());
                 Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("pragma " + pragma + "(5)")) {
                StringBuilder result = new StringBuilder();
                while (rows.next()) {
                    result.append(rows.getString(1)).append("; ");
                }
                System.out.printf("%s: %.2f s, %s%n", pragma, (System.nanoTime() - start) / 1e9, result);
            }
        }
    }
}
