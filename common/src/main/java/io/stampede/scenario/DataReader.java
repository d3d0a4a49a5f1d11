package io.stampede.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads {@code data: users.csv} or {@code data: {file: users.csv}}. A relative file is resolved
 * against the scenario's folder ({@link ScenarioSource#baseDir()}). When the source already
 * carries the rows (a worker gets them over the wire) those are used and no file is read. A text
 * that did not come from a file (posted over HTTP) may not name a file: that would let an API
 * caller read any file the coordinator can reach.
 */
final class DataReader {
    private final NodeReader reader;

    DataReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The table, or null after an error. */
    DataTable read(YamlNode node, String path, ScenarioSource source) {
        YamlNode fileNode = node;
        String filePath = path;
        if (node instanceof YamlNode.Mapping map) {
            reader.unknownKeys(map, path, List.of("file"));
            fileNode = reader.required(map, path, "file", "file: users.csv");
            filePath = NodeReader.child(path, "file");
            if (fileNode == null) {
                return null;
            }
        }
        String file = reader.text(fileNode, filePath, "users.csv");
        if (file == null) {
            return null;
        }
        if (source.data() != null) {
            return source.data();
        }
        if (source.baseDir() == null) {
            reader.error(fileNode, filePath, "a scenario that is not read from a file cannot name a data file: run it with"
                    + " 'stampede run FILE', which reads the rows and sends them along");
            return null;
        }
        Path resolved;
        try {
            resolved = source.baseDir().resolve(file).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            reader.error(fileNode, filePath, "'" + file + "' is not a file path: " + e.getReason());
            return null;
        }
        if (!Files.isRegularFile(resolved)) {
            reader.error(fileNode, filePath, "data file " + resolved + " does not exist: check the name (a relative path starts at"
                    + " the scenario's folder)");
            return null;
        }
        try {
            return CsvFeed.read(resolved);
        } catch (IllegalArgumentException e) {
            reader.error(fileNode, filePath, "data file " + resolved + " " + e.getMessage());
        } catch (IOException e) {
            reader.error(fileNode, filePath, "data file " + resolved + " cannot be read (" + e.getMessage() + "): check its permissions");
        }
        return null;
    }
}
