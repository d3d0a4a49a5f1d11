package io.stampede.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stampede.index.Tags;
import io.stampede.run.RunIdentity;

/** A run's identity from the command line: {@code --tag}, {@code --label}, and this user on this machine as who submitted it. */
final class RunIdentities {
    private RunIdentities() {
    }

    /** @throws IllegalArgumentException naming the option and what it takes */
    static RunIdentity of(List<String> tags, List<String> labels, Path file) {
        tags.forEach(t -> Tags.checkTag(t, "--tag"));
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String label : labels) {
            Map.Entry<String, String> pair = Tags.parseLabel(label, "--label");
            pairs.put(pair.getKey(), pair.getValue());
        }
        return new RunIdentity(tags, pairs, "stampede-cli " + System.getProperty("user.name") + "@" + host(),
                file.getFileName().toString());
    }

    private static String host() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
