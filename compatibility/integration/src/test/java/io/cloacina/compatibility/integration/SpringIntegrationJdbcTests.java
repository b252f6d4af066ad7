package io.cloacina.compatibility.integration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Lock;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import io.cloacina.database.test.Concurrently;
import io.cloacina.database.test.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.integration.jdbc.metadata.JdbcMetadataStore;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.integration.jdbc.store.JdbcMessageStore;
import org.springframework.integration.store.MessageGroup;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.messaging.Message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring Integration JDBC ({@code spring-integration-jdbc}) on the starter's data source: Boot creates
 * its tables ({@code INT_LOCK}, {@code INT_MESSAGE}, {@code INT_CHANNEL_MESSAGE}, ...) from the
 * {@code schema-@@platform@@.sql} next to Spring Integration's own, which for SQLite the starter
 * ships; two lock registries never hold one lock at the same time; messages stored in the message
 * store and in a JDBC-backed queue channel come back, in order and each once.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpringIntegrationJdbcTests {

	@TempDir
	Path directory;

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void twoLockRegistriesNeverHoldOneLockAtTheSameTime(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			JdbcLockRegistry nodeA = context.getBean("nodeALockRegistry", JdbcLockRegistry.class);
			JdbcLockRegistry nodeB = context.getBean("nodeBLockRegistry", JdbcLockRegistry.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);

			Lock a = nodeA.obtain("orders");
			Lock b = nodeB.obtain("orders");
			assertThat(a.tryLock()).isTrue();
			assertThat(b.tryLock()).isFalse();
			assertThat(jdbc.queryForObject("SELECT trim(CLIENT_ID) FROM INT_LOCK", String.class)).isEqualTo("node-a");
			a.unlock();
			assertThat(b.tryLock()).isTrue();
			assertThat(a.tryLock()).isFalse();
			assertThat(jdbc.queryForObject("SELECT trim(CLIENT_ID) FROM INT_LOCK", String.class)).isEqualTo("node-b");
			b.unlock();

			// Both nodes, one thread each, take the lock in turn: never both inside at once.
			AtomicInteger inside = new AtomicInteger();
			AtomicInteger mostInside = new AtomicInteger();
			AtomicInteger entries = new AtomicInteger();
			List<Throwable> errors = Concurrently.run(2, Duration.ofSeconds(90), (worker) -> {
				Lock lock = ((worker == 0) ? nodeA : nodeB).obtain("orders");
				for (int i = 0; i < 15; i++) {
					lock.lock();
					try {
						mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
						entries.incrementAndGet();
						Thread.sleep(5);
						inside.decrementAndGet();
					}
					finally {
						lock.unlock();
					}
				}
			});
			assertThat(errors).isEmpty();
			assertThat(entries).hasValue(30);
			assertThat(mostInside).hasValue(1);
			assertThat(jdbc.queryForObject("SELECT count(*) FROM INT_LOCK", Long.class)).isZero();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void messageStoreKeepsMessagesAndGroups(String backend) {
		try (ConfigurableApplicationContext context = start(backend)) {
			JdbcMessageStore store = context.getBean(JdbcMessageStore.class);
			Message<String> message = MessageBuilder.withPayload("hello").setHeader("customer", "ada").build();
			store.addMessage(message);
			Message<?> read = store.getMessage(message.getHeaders().getId());
			assertThat(read).isNotNull();
			assertThat(read.getPayload()).isEqualTo("hello");
			assertThat(read.getHeaders()).containsEntry("customer", "ada");

			Message<String> first = MessageBuilder.withPayload("first").build();
			Message<String> second = MessageBuilder.withPayload("second").build();
			store.addMessagesToGroup("batch-1", first, second);
			MessageGroup group = store.getMessageGroup("batch-1");
			assertThat(group.size()).isEqualTo(2);
			assertThat(group.getMessages().stream().<Object>map(Message::getPayload).toList())
				.containsExactlyInAnyOrder("first", "second");
			store.removeMessageGroup("batch-1");
			assertThat(store.getMessageGroup("batch-1").size()).isZero();
			assertThat(store.getMessageCount()).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "sqlite", "postgresql" })
	void jdbcBackedQueueChannelGivesMessagesBackInOrderEachOnce(String backend) throws Exception {
		try (ConfigurableApplicationContext context = start(backend)) {
			QueueChannel orders = context.getBean("orders", QueueChannel.class);
			for (int i = 0; i < 10; i++) {
				assertThat(orders.send(MessageBuilder.withPayload("order-" + i).build())).isTrue();
			}
			List<Object> received = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				received.add(orders.receive(1000).getPayload());
			}
			assertThat(received).isEqualTo(IntStream.range(0, 10).mapToObj((i) -> "order-" + i).toList());
			assertThat(orders.receive(0)).isNull();

			// Four consumers polling at once: every message is received exactly once.
			int count = 200;
			for (int i = 0; i < count; i++) {
				orders.send(MessageBuilder.withPayload("bulk-" + i).build());
			}
			List<Object> consumed = Collections.synchronizedList(new ArrayList<>());
			List<Throwable> errors = Concurrently.run(4, Duration.ofSeconds(90), (worker) -> {
				Message<?> next;
				while ((next = orders.receive(0)) != null) {
					consumed.add(next.getPayload());
				}
			});
			assertThat(errors).isEmpty();
			assertThat(consumed).hasSize(count).doesNotHaveDuplicates();
			assertThat(context.getBean(JdbcTemplate.class)
				.queryForObject("SELECT count(*) FROM INT_CHANNEL_MESSAGE", Long.class)).isZero();
		}
	}

	@Test
	void metadataStoreWorksOnPostgresql() {
		try (ConfigurableApplicationContext context = start("postgresql")) {
			JdbcMetadataStore store = new JdbcMetadataStore(context.getBean(DataSource.class));
			store.afterPropertiesSet();
			assertThat(store.putIfAbsent("offset", "1")).isNull();
			assertThat(store.putIfAbsent("offset", "2")).isEqualTo("1");
			assertThat(store.replace("offset", "1", "3")).isTrue();
			assertThat(store.replace("offset", "1", "4")).isFalse();
			store.put("offset", "5");
			assertThat(store.get("offset")).isEqualTo("5");
			assertThat(store.remove("offset")).isEqualTo("5");
			assertThat(store.get("offset")).isNull();
		}
	}

	/**
	 * Recorded limit, not a wish: {@code JdbcMetadataStore} (7.0) cannot work on SQLite. Its
	 * {@code putIfAbsent} (which {@code put} uses too) is {@code INSERT ... SELECT ?, ?, ? FROM ...
	 * HAVING COUNT(*)=0}, which SQLite rejects, and its queries cannot be configured (only the lock
	 * hint, {@code FOR UPDATE}, which SQLite rejects as well). If a Spring Integration release changes
	 * this, this test fails and the README must change with it.
	 */
	@Test
	void metadataStoreCannotWorkOnSqlite() {
		try (ConfigurableApplicationContext context = start("sqlite")) {
			JdbcMetadataStore store = new JdbcMetadataStore(context.getBean(DataSource.class));
			store.setLockHint("");
			store.afterPropertiesSet();
			// SQLite refuses the statement: a grammar error (PostgreSQL's grouping_error 42803).
			assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(() -> store.putIfAbsent("offset", "1"))
				.havingRootCause()
				.withMessageContaining("HAVING clause on a non-aggregate query");
		}
	}

	private ConfigurableApplicationContext start(String backend) {
		SpringApplicationBuilder builder = new SpringApplicationBuilder(IntegrationApplication.class)
			.web(WebApplicationType.NONE);
		if (backend.equals("sqlite")) {
			// Nothing else: on SQLite the starter has Boot create Spring Integration's tables.
			return builder.properties("cloacina.database.url=sqlite://" + this.directory.resolve("integration.db"))
				.run();
		}
		// On PostgreSQL Boot's default (initialize-schema=embedded) leaves the schema to the application.
		return builder
			.properties("cloacina.database.url=" + TestPostgres.createDatabase(),
					"spring.integration.jdbc.initialize-schema=always")
			.run();
	}


}
