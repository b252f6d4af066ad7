package io.cloacina.database.integration;

import org.springframework.integration.jdbc.store.JdbcChannelMessageStore;
import org.springframework.integration.jdbc.store.channel.ChannelMessageStoreQueryProvider;
import org.springframework.integration.jdbc.store.channel.PostgresChannelMessageStoreQueryProvider;

/**
 * The queries of a {@link JdbcChannelMessageStore} on SQLite, for the {@code INT_CHANNEL_MESSAGE}
 * table of the starter's {@code org/springframework/integration/jdbc/schema-sqlite.sql}, where
 * {@code MESSAGE_SEQUENCE} is the {@code INTEGER PRIMARY KEY AUTOINCREMENT} (SQLite has no
 * sequences, and no auto-increment on another column).
 * <p>
 * A poll is one statement that deletes the oldest message of the group and returns it, as
 * {@link PostgresChannelMessageStoreQueryProvider} does on PostgreSQL without its
 * {@code FOR UPDATE SKIP LOCKED}: SQLite runs one writer at a time, so two consumers never get the
 * same message.
 *
 * @since 0.1.0
 */
public class SqliteChannelMessageStoreQueryProvider implements ChannelMessageStoreQueryProvider {

	private static final String ORDER = "ORDER BY CREATED_DATE, MESSAGE_SEQUENCE";

	private static final String PRIORITY_ORDER = "ORDER BY MESSAGE_PRIORITY DESC NULLS LAST, CREATED_DATE, MESSAGE_SEQUENCE";

	private static final String EXCLUDE_IDS = "AND MESSAGE_ID NOT IN (:message_ids) ";

	@Override
	public String getPollFromGroupExcludeIdsQuery() {
		return pollOldest(EXCLUDE_IDS, ORDER);
	}

	@Override
	public String getPollFromGroupQuery() {
		return pollOldest("", ORDER);
	}

	@Override
	public String getPriorityPollFromGroupExcludeIdsQuery() {
		return pollOldest(EXCLUDE_IDS, PRIORITY_ORDER);
	}

	@Override
	public String getPriorityPollFromGroupQuery() {
		return pollOldest("", PRIORITY_ORDER);
	}

	@Override
	public boolean isSingleStatementForPoll() {
		return true;
	}

	private static String pollOldest(String exclusion, String order) {
		return "DELETE FROM %PREFIX%CHANNEL_MESSAGE WHERE MESSAGE_SEQUENCE = "
				+ "(SELECT MESSAGE_SEQUENCE FROM %PREFIX%CHANNEL_MESSAGE "
				+ "WHERE GROUP_KEY = :group_key AND REGION = :region " + exclusion + order + " LIMIT 1) "
				+ "RETURNING MESSAGE_ID, MESSAGE_CONTENT";
	}

}
