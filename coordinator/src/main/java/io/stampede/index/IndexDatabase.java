package io.stampede.index;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the run index lives ({@code --database}): by default an embedded SQLite file,
 * {@code index.db} in the data dir; {@code sqlite:PATH} for another file; or a PostgreSQL server,
 * {@code postgresql://USER@HOST[:PORT]/DATABASE[?sslmode=require&…]}, whose password comes from
 * the environment or a file, never from the command line (a password in the URL is accepted with
 * a warning by the caller: {@code ps} shows it). {@link #toString()} never shows the password.
 *
 * @param schema PostgreSQL only: the schema to use (created if missing), or null for the user's default
 */
public record IndexDatabase(Dialect dialect, String jdbcUrl, String user, String password, String schema) {
    /** The index file in a data dir. */
    public static final String SQLITE_FILE = "index.db";

    /** The embedded default: {@code dataDir/index.db}. */
    public static IndexDatabase sqlite(Path file) {
        return new IndexDatabase(Dialect.SQLITE, "jdbc:sqlite:" + file.toAbsolutePath(), null, null, null);
    }

    /** The default for a data dir. */
    public static IndexDatabase inDataDir(Path dataDir) {
        return sqlite(dataDir.resolve(SQLITE_FILE));
    }

    /**
     * The database a {@code --database} value names; null or blank is the data dir's SQLite file.
     *
     * @param password used when the URL has none (from {@code STAMPEDE_DATABASE_PASSWORD} or a file), or null
     * @throws IllegalArgumentException with a sentence saying what is wrong and what is accepted
     */
    public static IndexDatabase parse(String url, Path dataDir, String password) {
        if (url == null || url.isBlank()) {
            return inDataDir(dataDir);
        }
        String u = url.trim();
        if (u.startsWith("sqlite:")) {
            String path = u.substring("sqlite:".length()).replaceFirst("^//", "");
            if (path.isBlank()) {
                throw new IllegalArgumentException("--database sqlite:PATH needs a file path, e.g. sqlite:/var/lib/stampede/index.db");
            }
            return sqlite(Path.of(path));
        }
        if (u.startsWith("postgresql://") || u.startsWith("postgres://")) {
            return postgres(u, password);
        }
        throw new IllegalArgumentException("--database " + redact(u) + ": expected postgresql://USER@HOST[:PORT]/DATABASE"
                + " (password in STAMPEDE_DATABASE_PASSWORD or --database-password-file) or sqlite:PATH");
    }

    private static IndexDatabase postgres(String url, String password) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--database " + redact(url) + " is not a URL: " + e.getReason());
        }
        String database = uri.getRawPath() == null ? "" : uri.getRawPath().replaceFirst("^/", "");
        if (uri.getHost() == null || database.isBlank()) {
            throw new IllegalArgumentException("--database " + redact(url) + ": needs a host and a database,"
                    + " e.g. postgresql://stampede@db.internal:5432/stampede");
        }
        String user = null;
        String inlinePassword = null;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            inlinePassword = parts.length > 1 ? decode(parts[1]) : null;
        }
        String jdbc = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "") + "/" + database
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new IndexDatabase(Dialect.POSTGRESQL, jdbc, user, inlinePassword != null ? inlinePassword : password, null);
    }

    /** True when the URL itself carried a password (the caller warns: the command line is visible to others). */
    public static boolean hasInlinePassword(String url) {
        if (url == null || !(url.startsWith("postgresql://") || url.startsWith("postgres://"))) {
            return false;
        }
        int at = url.indexOf('@');
        int scheme = url.indexOf("://") + 3;
        return at > scheme && url.substring(scheme, at).contains(":");
    }

    /** The same database in another schema (PostgreSQL): tests use one schema each. */
    public IndexDatabase inSchema(String name) {
        return new IndexDatabase(dialect, jdbcUrl, user, password, name);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** A URL with any password replaced by ***. */
    static String redact(String url) {
        return url.replaceFirst("(://[^/@:]*:)[^/@]*@", "$1***@");
    }

    @Override
    public String toString() {
        return dialect.wireName() + " " + jdbcUrl.replaceFirst("^jdbc:", "") + (user == null ? "" : " as " + user)
                + (schema == null ? "" : " schema " + schema);
    }
}
