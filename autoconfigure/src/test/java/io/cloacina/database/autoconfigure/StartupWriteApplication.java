package io.cloacina.database.autoconfigure;

import javax.sql.DataSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * An application that writes to its database while it starts, as a Flyway migration would; started
 * in a JVM of its own by {@link SqliteReadOnlyStartupTests}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class StartupWriteApplication {

	@Bean
	String startupWrite(DataSource dataSource) {
		JdbcTemplate jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("CREATE TABLE IF NOT EXISTS startup_write (x INTEGER)");
		jdbc.update("INSERT INTO startup_write (x) VALUES (1)");
		return "written";
	}

	public static void main(String[] args) {
		SpringApplication application = new SpringApplication(StartupWriteApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.run(args);
	}

}
