package io.cloacina.sample;

import io.cloacina.sample.engine.EngineProperties;
import io.cloacina.sample.web.ApiProperties;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * A small cloacina-style workflow runner on the Cloacina starter: the same code runs on a SQLite file
 * or on PostgreSQL (several instances sharing one database), picked by {@code cloacina.database.url}.
 */
@SpringBootApplication
@EnableConfigurationProperties({ EngineProperties.class, ApiProperties.class })
public class SampleApplication {

	public static void main(String[] args) {
		SpringApplication.run(SampleApplication.class, args);
	}

}
