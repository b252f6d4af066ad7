package io.cloacina.database.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import io.cloacina.database.ConnectionPooler;
import io.cloacina.database.DatabaseBackend;
import io.cloacina.database.dialect.BulkInserter;
import io.cloacina.database.dialect.DatabaseDialect;
import io.cloacina.database.dialect.LeaderLock;
import io.cloacina.database.dialect.LeaseLeaderLock;
import io.cloacina.database.dialect.ValueCodec;
import io.cloacina.database.postgresql.PostgresAdvisoryLock;
import io.cloacina.database.postgresql.PostgresCopyBulkInserter;
import io.cloacina.database.postgresql.PostgresDialect;
import io.cloacina.database.postgresql.PostgresExceptionTranslator;
import io.cloacina.database.postgresql.PostgresValueCodec;
import io.cloacina.database.sqlite.SqliteBatchBulkInserter;
import io.cloacina.database.sqlite.SqliteDialect;
import io.cloacina.database.sqlite.SqliteExceptionTranslator;
import io.cloacina.database.sqlite.SqliteLeaseLock;
import io.cloacina.database.sqlite.SqliteValueCodec;

import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * What each backend brings, in one place: the beans of the starter ask here for the implementation
 * of the configured backend when they are created (not by a condition), so that an application
 * processed ahead of time with one backend still runs on the other.
 */
enum BackendComponents {

	POSTGRESQL {

		@Override
		DatabaseDialect dialect() {
			return new PostgresDialect();
		}

		@Override
		ValueCodec valueCodec() {
			return new PostgresValueCodec();
		}

		@Override
		SQLExceptionTranslator exceptionTranslator() {
			return new PostgresExceptionTranslator();
		}

		@Override
		LeaderLock leaderLock(DataSource dataSource, Duration leaseTime, ConnectionPooler pooler) {
			if (pooler.sharesSessions()) {
				// A session's advisory lock would stay with a server session that other clients use.
				return new LeaseLeaderLock(dataSource, dialect(), leaseTime);
			}
			// Advisory locks end with the holder's session: no lease to time out.
			return new PostgresAdvisoryLock(dataSource);
		}

		@Override
		BulkInserter bulkInserter(DataSource dataSource, SQLExceptionTranslator exceptionTranslator) {
			return new PostgresCopyBulkInserter(dataSource, exceptionTranslator);
		}

	},

	SQLITE {

		@Override
		DatabaseDialect dialect() {
			return new SqliteDialect();
		}

		@Override
		ValueCodec valueCodec() {
			return new SqliteValueCodec();
		}

		@Override
		SQLExceptionTranslator exceptionTranslator() {
			return new SqliteExceptionTranslator();
		}

		@Override
		LeaderLock leaderLock(DataSource dataSource, Duration leaseTime, ConnectionPooler pooler) {
			return new SqliteLeaseLock(dataSource, leaseTime);
		}

		@Override
		BulkInserter bulkInserter(DataSource dataSource, SQLExceptionTranslator exceptionTranslator) {
			return new SqliteBatchBulkInserter(dataSource, exceptionTranslator);
		}

	};

	abstract DatabaseDialect dialect();

	abstract ValueCodec valueCodec();

	abstract SQLExceptionTranslator exceptionTranslator();

	abstract LeaderLock leaderLock(DataSource dataSource, Duration leaseTime, ConnectionPooler pooler);

	abstract BulkInserter bulkInserter(DataSource dataSource, SQLExceptionTranslator exceptionTranslator);

	static BackendComponents of(ConfiguredDatabaseBackend configured) {
		return (configured.backend() == DatabaseBackend.POSTGRESQL) ? POSTGRESQL : SQLITE;
	}

}
