package io.stampede.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster members a coordinator last saw, kept in its data dir ({@code cluster-members.txt},
 * one {@code host:port} a line). A coordinator restarted on the same data dir adds them to its
 * {@code --join} list, so it joins its workers' cluster at once instead of forming one of its own
 * that Hazelcast's split-brain merge would only join to theirs later.
 */
final class KnownMembers {
    private static final Logger LOG = LoggerFactory.getLogger(KnownMembers.class);
    private static final String FILE = "cluster-members.txt";
    /** A long list of stale addresses would slow the start: each is tried once. */
    private static final int MAX = 64;

    private final Path file;

    KnownMembers(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /** {@code join} plus the members seen last time, without repeats. */
    List<String> withRemembered(List<String> join) {
        Set<String> all = new LinkedHashSet<>(join);
        try {
            if (Files.isRegularFile(file)) {
                Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty())
                        .limit(MAX).forEach(all::add);
            }
        } catch (IOException e) {
            LOG.warn("cannot read {}: {}", file, e.getMessage());
        }
        return new ArrayList<>(all);
    }

    /** Replaces the remembered members with {@code members} (when there are any). */
    void remember(List<String> members) {
        if (members.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, members.stream().limit(MAX).toList(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.getMessage());
        }
    }
}
