package io.stampede.run;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/** Run ids that sort by time: {@code 20261125-234501-a1b2} (UTC, then 4 random hex digits). */
public final class RunIds {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private RunIds() {
    }

    public static String next() {
        return FORMAT.format(Instant.now()) + "-" + String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
    }

    /** True for text shaped like a run id (so it is safe as a folder name). */
    public static boolean isRunId(String text) {
        return text != null && text.matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
    }
}
