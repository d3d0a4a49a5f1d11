package io.stampede.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A quiet start: the launcher's first build prints no colour codes of Maven's, and a cluster node
 * started with the JDK packages the jar's manifest opens prints neither Hazelcast's module warning
 * nor its CP subsystem warning, only its own lines.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class QuietStartTest {
    @TempDir
    Path dir;

    @Test
    void theLaunchersFirstBuildPrintsNoColourCodes() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("checkout"));
        Files.copy(Path.of("../stampede"), checkout.resolve("stampede"));
        Files.writeString(checkout.resolve("pom.xml"), "<project/>");
        Path probeJar = probeJar(dir.resolve("probe.jar"));
        // A Maven that, like Maven 3.8 in quiet batch mode, prints colour resets, then "builds" the jar.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\nprintf '\\033[0m\\033[0m\\033[0m\\033[0m'\nmkdir -p cli/target\ncp '" + probeJar
                + "' cli/target/stampede.jar\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder builder = new ProcessBuilder("bash", checkout.resolve("stampede").toString(), "--version");
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).as(err).isZero();
        assertThat(out).isEqualTo("probe ran: --version\n");
        assertThat(err).startsWith("stampede: building ").doesNotContain("\u001b");
        assertThat(checkout.resolve("cli/target/stampede-build.log")).content().contains("\u001b[0m");
    }

    @Test
    void aFailedBuildShowsItsLogWithoutColourCodesAndExitsThree() throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("broken"));
        Files.copy(Path.of("../stampede"), checkout.resolve("stampede"));
        Path bin = Files.createDirectories(dir.resolve("bin2"));
        Path mvn = bin.resolve("mvn");
        Files.writeString(mvn, "#!/bin/sh\nprintf '\\033[1;31m[ERROR]\\033[m COMPILATION ERROR : Main.java:[3,1] oops\\n'\nexit 1\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));

        ProcessBuilder builder = new ProcessBuilder("bash", checkout.resolve("stampede").toString(), "--version");
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isEqualTo(3);
        assertThat(err).contains("[ERROR] COMPILATION ERROR : Main.java:[3,1] oops", "the build failed; the whole log is")
                .doesNotContain("\u001b");
    }

    @Test
    void aCoordinatorStartsWithoutHazelcastsWarnings() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m"));
        command.addAll(manifestOpens());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "coordinator",
                "--port", String.valueOf(freePort()), "--cluster-port", String.valueOf(freePort()), "--data-dir", dir.toString(),
                "--otlp-port", String.valueOf(freePort())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("out.log").toFile());
        builder.environment().put("STAMPEDE_CLUSTER_SECRET", WorkerProcess.CLUSTER_SECRET);
        Process process = builder.start();
        try {
            Waits.until("the coordinator to be up", Duration.ofSeconds(60),
                    () -> Files.readString(dir.resolve("out.log")).contains(" up: API on "), () -> read(dir.resolve("out.log")));
        } finally {
            process.destroy();
            process.waitFor(20, TimeUnit.SECONDS);
        }

        String out = read(dir.resolve("out.log"));
        assertThat(out).doesNotContain("modular environment", "--add-opens", "CP Subsystem", "WARN");
        assertThat(out.lines().filter(l -> !l.isBlank())).as(out).allSatisfy(l -> assertThat(l).contains(" INFO "));
    }

    /** The --add-opens and --add-exports the jar's manifest gives a java -jar start (cli/pom.xml). */
    private static List<String> manifestOpens() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));
        List<String> flags = new ArrayList<>();
        for (String[] entry : new String[][] {{"Add-Opens", "--add-opens"}, {"Add-Exports", "--add-exports"}}) {
            Matcher m = Pattern.compile("<" + entry[0] + ">([^<]+)</" + entry[0] + ">").matcher(pom);
            assertThat(m.find()).as(entry[0] + " in the manifest").isTrue();
            for (String pkg : m.group(1).trim().split("\\s+")) {
                flags.add(entry[1]);
                flags.add(pkg + "=ALL-UNNAMED");
            }
        }
        return flags;
    }

    private static Path probeJar(Path jar) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, LauncherProbe.class.getName());
        String entry = LauncherProbe.class.getName().replace('.', '/') + ".class";
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
             InputStream in = LauncherProbe.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            return "(nothing: " + e + ")";
        }
    }
}
