package io.cloacina.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A minimal application on the Cloacina starter: the same code runs on SQLite or PostgreSQL,
 * picked by {@code cloacina.database.url}.
 */
@SpringBootApplication
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
