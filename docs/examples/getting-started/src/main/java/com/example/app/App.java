package com.example.app;

import io.cloacina.database.dialect.DatabaseDialect;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootApplication
public class App {

	public static void main(String[] args) {
		SpringApplication.run(App.class, args);
	}

	@Bean
	CommandLineRunner greet(JdbcTemplate jdbc, DatabaseDialect dialect) {
		return (args) -> {
			jdbc.execute("CREATE TABLE IF NOT EXISTS greeting (id " + dialect.identityPrimaryKey()
					+ ", text VARCHAR(100) NOT NULL)");
			jdbc.update("INSERT INTO greeting (text) VALUES (?)", "hello");
			System.out.println("Greetings stored: " + jdbc.queryForObject("SELECT count(*) FROM greeting", Long.class));
		};
	}

}
