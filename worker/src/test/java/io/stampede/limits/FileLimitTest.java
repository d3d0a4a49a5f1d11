package io.stampede.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.stampede.engine.WorkerOptions;

/** A worker's capacity is bounded by the files its process may open, as the kernel says. */
class FileLimitTest {

    @Test
    @EnabledOnOs(OS.LINUX)
    void theLimitReadIsTheProcesssOwnAsTheKernelShowsIt() throws Exception {
        // /proc/self/limits: "Max open files  <soft>  <hard>  files"
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream().filter(l -> l.startsWith("Max open files"))
                .findFirst().orElseThrow();
        long soft = Long.parseLong(line.substring("Max open files".length()).trim().split("\\s+")[0]);
        assertThat(FileLimit.max()).isEqualTo(soft);
        assertThat(FileLimit.open()).isBetween(1L, soft);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aWorkerOffersWhatItsFilesAllowAndNoMore() {
        int allowed = FileLimit.usersAllowed();
        assertThat(allowed).isEqualTo(FileLimit.max() - FileLimit.RESERVED);
        assertThat(new WorkerOptions().capacity()).isEqualTo(allowed);
        assertThat(new WorkerOptions().capacity(Integer.MAX_VALUE).capacity()).isEqualTo(allowed);
        assertThat(new WorkerOptions().capacity(50).capacity()).isEqualTo(50);
    }

    @Test
    void usersAllowedLeavesTheReserveForTheProcess() {
        assertThat(FileLimit.usersAllowed(20_000)).isEqualTo(19_500);
        assertThat(FileLimit.usersAllowed(300)).isZero();
        assertThat(FileLimit.usersAllowed(-1)).isEqualTo(Integer.MAX_VALUE);
    }
}
