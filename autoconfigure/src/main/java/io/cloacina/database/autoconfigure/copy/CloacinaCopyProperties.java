package io.cloacina.database.autoconfigure.copy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.cloacina.database.DatabaseUrl;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Copy of another database's data into the application's database at startup, e.g. from the SQLite
 * file the application ran on so far into the PostgreSQL database it runs on from now on.
 *
 * @since 0.1.0
 */
@ConfigurationProperties("cloacina.copy")
public class CloacinaCopyProperties {

	/**
	 * Database to copy the data from, in any form cloacina.database.url accepts (e.g. sqlite:data/app.db
	 * or postgresql://user:password@host:5432/db); a SQLite file is opened read-only. When set, the
	 * application's migrations run on its own database (cloacina.database.url), then every table's
	 * rows are copied from this database in one transaction, before any bean that uses the database
	 * starts.
	 */
	private @Nullable String from;

	/**
	 * What the application does after a successful copy: exit (with status 0, before the web server
	 * or anything else starts) or continue starting on the copied data.
	 */
	private Then then = Then.EXIT;

	/**
	 * Whether rows already in the target's tables are deleted and replaced by the copy. When false, a
	 * target table that has rows makes the copy refuse, leaving the target unchanged.
	 */
	private boolean replaceExisting;

	/**
	 * Tables not to copy, left as they are in the target.
	 */
	private List<String> excludeTables = new ArrayList<>();

	/**
	 * How often the copy logs its progress.
	 */
	private Duration progressInterval = Duration.ofSeconds(10);

	public @Nullable String getFrom() {
		return this.from;
	}

	public void setFrom(@Nullable String from) {
		this.from = from;
	}

	public Then getThen() {
		return this.then;
	}

	public void setThen(Then then) {
		this.then = then;
	}

	public boolean isReplaceExisting() {
		return this.replaceExisting;
	}

	public void setReplaceExisting(boolean replaceExisting) {
		this.replaceExisting = replaceExisting;
	}

	public List<String> getExcludeTables() {
		return this.excludeTables;
	}

	public void setExcludeTables(List<String> excludeTables) {
		this.excludeTables = excludeTables;
	}

	public Duration getProgressInterval() {
		return this.progressInterval;
	}

	public void setProgressInterval(Duration progressInterval) {
		this.progressInterval = progressInterval;
	}

	@Override
	public String toString() {
		return "CloacinaCopyProperties[from=" + DatabaseUrl.mask(this.from) + ", then=" + this.then
				+ ", replaceExisting=" + this.replaceExisting + ", excludeTables=" + this.excludeTables
				+ ", progressInterval=" + this.progressInterval + "]";
	}

	/**
	 * What the application does after a successful copy.
	 */
	public enum Then {

		/**
		 * Exit with status 0 once the copy is committed: nothing else of the application starts.
		 */
		EXIT,

		/**
		 * Carry on starting the application, on the copied data.
		 */
		CONTINUE

	}

}
