package io.stampede.bench;

import java.nio.file.Files;
import java.nio.file.Path;

import io.stampede.index.IndexDatabase;
import io.stampede.index.IndexSync;
import io.stampede.index.RunIndex;

/**
 * What a coordinator's start costs on a big data dir (docs/PERFORMANCE.md, "The run index"): a new
 * index built from N run folders, then the sync of every later start when nothing changed, then
 * one folder changed. Single shots, printed; SQLite in a temporary data dir, or PostgreSQL with
 * {@code STAMPEDE_BENCH_POSTGRES} set (as {@link RunIndexBenchmark}).
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.stampede.bench.IndexSyncTime 10000</pre>
 */
public final class IndexSyncTime {
    private IndexSyncTime() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dataDir = Files.createTempDirectory("stampede-index-sync-");
        SyntheticHistory.write(dataDir, n);
        String pg = System.getenv("STAMPEDE_BENCH_POSTGRES");
        IndexDatabase database = pg == null ? IndexDatabase.inDataDir(dataDir)
                : IndexDatabase.parse(pg, dataDir, System.getenv("STAMPEDE_BENCH_POSTGRES_PASSWORD")).inSchema("sync_" + System.nanoTime());
        long t0 = System.nanoTime();
        try (RunIndex index = RunIndex.open(database)) {
            long opened = System.nanoTime();
            IndexSync.Outcome built = IndexSync.sync(index, dataDir, false);
            long t1 = System.nanoTime();
            IndexSync.Outcome again = IndexSync.sync(index, dataDir, false);
            long t2 = System.nanoTime();
            Files.setLastModifiedTime(dataDir.resolve(SyntheticHistory.id(n / 2)).resolve("run.json"),
                    java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            IndexSync.Outcome one = IndexSync.sync(index, dataDir, false);
            long t3 = System.nanoTime();
            System.out.printf("%s, %d runs: open and migrate %d ms; build %d ms (%s); unchanged %d ms (%s); one changed %d ms (%s)%n",
                    database.dialect().wireName(), n, ms(opened - t0), ms(t1 - opened), built, ms(t2 - t1), again, ms(t3 - t2), one);
        }
        try (var files = Files.walk(dataDir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
