package io.cloacina.sample;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.cloacina.database.autoconfigure.ConfiguredDatabaseBackend;
import jakarta.annotation.PreDestroy;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.stereotype.Component;

/**
 * One instance per SQLite file: a second instance on the same file refuses to start with a clear
 * message, because SQLite's single writer is coordinated inside one process. Several instances belong
 * on PostgreSQL. The lock is taken on the file's real path, so every URL form and symbolic link that
 * leads to the same file finds it.
 */
@Component
class SqliteInstanceLock {

	private static final Log logger = LogFactory.getLog(SqliteInstanceLock.class);

	private FileChannel channel;

	private FileLock lock;

	SqliteInstanceLock(ConfiguredDatabaseBackend configured) throws IOException {
		Path file = configured.file();
		if (file == null) {
			return;
		}
		// The file itself, however the URL spells it: another form of the path, a file: URI, a
		// jdbc:sqlite: URL, a symbolic link to the file or to a directory above it.
		Path database = canonical(file);
		Path lockFile = database.resolveSibling(database.getFileName() + ".instance-lock");
		Files.createDirectories(lockFile.getParent());
		this.channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
		try {
			this.lock = this.channel.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			this.lock = null;
		}
		if (this.lock == null) {
			this.channel.close();
			throw new SecondInstanceException(database);
		}
		logger.info("This instance owns " + database + " (lock " + lockFile + ")");
	}

	private static Path canonical(Path file) throws IOException {
		if (Files.exists(file)) {
			return file.toRealPath();
		}
		Files.createDirectories(file.getParent());
		return file.getParent().toRealPath().resolve(file.getFileName());
	}

	@PreDestroy
	void release() throws IOException {
		if (this.lock != null) {
			this.lock.release();
			this.channel.close();
		}
	}

	/**
	 * Thrown when another instance already runs on the SQLite file.
	 */
	static class SecondInstanceException extends IllegalStateException {

		private final Path database;

		SecondInstanceException(Path database) {
			super("Another instance of this application is already running on the SQLite database " + database);
			this.database = database;
		}

		Path database() {
			return this.database;
		}

	}

}
