package io.cloacina.database.autoconfigure.copy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application with a Flyway migration (table {@code note}), a bean that reads the database in its
 * constructor through a JdbcTemplate, and a lifecycle bean standing for an engine or a web server;
 * started in this JVM or, for {@code cloacina.copy.then=exit}, in a JVM of its own.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class CopyTestApplication {

	/** Its migrations; no JPA (on the test class path, without a SQLite dialect). */
	static final String[] ARGS = { "--spring.flyway.locations=classpath:db/cloacina-copy-test/{vendor}",
			"--spring.autoconfigure.exclude=org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration" };

	@Bean
	NoteCounter noteCounter(JdbcTemplate jdbc) {
		return new NoteCounter(jdbc);
	}

	@Bean
	Engine engine() {
		return new Engine();
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(CopyTestApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

	/** Counts the notes when it is created, as a service that loads its state at startup. */
	static class NoteCounter {

		final int notesAtStartup;

		NoteCounter(JdbcTemplate jdbc) {
			this.notesAtStartup = jdbc.queryForObject("SELECT count(*) FROM note", Integer.class);
			System.out.println("NoteCounter saw " + this.notesAtStartup + " notes");
		}

	}

	/** Stands for the part of an application that does work once started. */
	static class Engine implements SmartLifecycle {

		private volatile boolean running;

		@Override
		public void start() {
			System.out.println("ENGINE STARTED");
			this.running = true;
		}

		@Override
		public void stop() {
			this.running = false;
		}

		@Override
		public boolean isRunning() {
			return this.running;
		}

	}

}
