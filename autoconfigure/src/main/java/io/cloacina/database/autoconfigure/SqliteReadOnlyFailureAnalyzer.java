package io.cloacina.database.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import io.cloacina.database.DatabaseUrl;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Explains a SQLite database that cannot be written at startup ({@code SQLITE_READONLY} and its
 * extended codes, such as {@code SQLITE_READONLY_DIRECTORY}), naming the file that is in the way: a
 * read-only directory (SQLite creates the {@code -wal} and {@code -shm} files beside the database), a
 * read-only database file, or a stale read-only {@code -shm} or {@code -wal} file left by another user's
 * process.
 */
class SqliteReadOnlyFailureAnalyzer extends AbstractFailureAnalyzer<SQLException> {

	private static final boolean SQLITE_PRESENT = ClassUtils.isPresent("org.sqlite.SQLiteException",
			SqliteReadOnlyFailureAnalyzer.class.getClassLoader());

	private final Environment environment;

	private final @Nullable ConfigurableListableBeanFactory beanFactory;

	SqliteReadOnlyFailureAnalyzer(Environment environment, @Nullable BeanFactory beanFactory) {
		this.environment = environment;
		this.beanFactory = (beanFactory instanceof ConfigurableListableBeanFactory listable) ? listable : null;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SQLException cause) {
		if (!SQLITE_PRESENT) {
			return null;
		}
		String code = readOnlyCode(rootFailure);
		DatabaseUrl url = DatabaseBackendResolver.resolve(this.environment, this.beanFactory).url();
		if (code == null || url == null || url.file() == null) {
			return null;
		}
		Path file = url.file();
		String displayUrl = url.displayUrl();
		Path directory = file.getParent();
		Path wal = file.resolveSibling(file.getFileName() + "-wal");
		Path shm = file.resolveSibling(file.getFileName() + "-shm");
		String prefix = "The SQLite database " + file + " (" + displayUrl + ") cannot be written (" + code + "): ";
		if (opensReadOnly(url)) {
			return analysis(prefix + "the URL opens it read-only",
					"Remove mode=ro from cloacina.database.url if this application must write, or write nothing "
							+ "at startup (no Flyway migration, no schema initialization) when it only reads.",
					cause);
		}
		if (directory != null && Files.isDirectory(directory) && !Files.isWritable(directory)) {
			return analysis(prefix + "its directory " + directory + " is read-only for this application, and SQLite "
					+ "must create its journal files (" + wal.getFileName() + ", " + shm.getFileName() + ") there",
					"Make " + directory + " writable for the user this application runs as, or point "
							+ "cloacina.database.url at a database in a writable directory, e.g. sqlite:///var/lib/app/app.db.",
					cause);
		}
		if (Files.exists(file) && !Files.isWritable(file)) {
			return analysis(prefix + "the file itself is read-only for this application",
					"Make " + file + " writable for the user this application runs as, or copy it to a writable "
							+ "location and point cloacina.database.url there.",
					cause);
		}
		for (Path journal : new Path[] { shm, wal }) {
			if (Files.exists(journal) && !Files.isWritable(journal)) {
				boolean isShm = journal.equals(shm);
				return analysis(prefix + "its " + (isShm ? "shared-memory index " : "write-ahead log ") + journal
						+ " is read-only for this application: a stale file left by a process of another user, or "
						+ "restored from a read-only copy",
						isShm ? "Stop every process that uses " + file + ", then delete " + journal + " (SQLite "
								+ "rebuilds it from the write-ahead log; never delete " + wal.getFileName() + "), or "
								+ "make it writable for the user this application runs as."
								: "Make " + journal + " writable for the user this application runs as (do not delete it: "
										+ "it holds committed transactions that are not yet in " + file.getFileName() + ").",
						cause);
			}
		}
		return null;
	}

	/** {@code mode=ro} (an open mode without the read-write flag), or an immutable {@code file:} URI. */
	private static boolean opensReadOnly(DatabaseUrl url) {
		String openMode = url.properties().get("open_mode");
		boolean readOnlyMode = openMode != null && (Integer.parseInt(openMode) & SQLiteOpenMode.READWRITE.flag) == 0;
		String jdbcUrl = url.jdbcUrl();
		return readOnlyMode || jdbcUrl.contains("mode=ro") || jdbcUrl.contains("immutable=");
	}

	private static FailureAnalysis analysis(String description, String action, Throwable cause) {
		return new FailureAnalysis(description, action, cause);
	}

	private static String readOnlyCode(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof SQLiteException sqlite && sqlite.getResultCode() != null
					&& (sqlite.getResultCode().code & 0xff) == SQLiteErrorCode.SQLITE_READONLY.code) {
				return sqlite.getResultCode().name();
			}
			if (candidate.getCause() == candidate) {
				break;
			}
		}
		return null;
	}

}
