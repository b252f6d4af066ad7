package io.cloacina.database.test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.cloacina.database.CloacinaDataSource;
import io.cloacina.database.DatabaseUrl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * For tests that open the starter's data sources directly: a temporary directory for SQLite files,
 * and every data source opened through {@code open(...)} closed after each test.
 */
public abstract class DataSourceTestSupport {

	/** A directory for database files, new for each test. */
	@TempDir
	protected Path directory;

	/** The data source opened last. */
	protected CloacinaDataSource dataSource;

	private final List<CloacinaDataSource> opened = new ArrayList<>();

	/**
	 * Build a data source that is closed after the test; it becomes {@link #dataSource}.
	 * @param builder the configured builder
	 * @return the data source
	 */
	protected CloacinaDataSource open(CloacinaDataSource.Builder builder) {
		this.dataSource = builder.build();
		this.opened.add(this.dataSource);
		return this.dataSource;
	}

	/**
	 * Open a data source with the starter's defaults.
	 * @param url the database URL
	 * @return the data source
	 */
	protected CloacinaDataSource open(String url) {
		return open(CloacinaDataSource.builder(DatabaseUrl.parse(url)));
	}

	/**
	 * Open a data source on a new database of the given kind.
	 * @param database where
	 * @return the data source
	 */
	protected CloacinaDataSource open(TestDatabase database) {
		return open(database.createUrl(this.directory));
	}

	@AfterEach
	void closeDataSources() {
		for (int i = this.opened.size() - 1; i >= 0; i--) {
			this.opened.get(i).close();
		}
		this.opened.clear();
	}

}
