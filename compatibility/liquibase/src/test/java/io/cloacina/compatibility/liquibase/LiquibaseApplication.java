package io.cloacina.compatibility.liquibase;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot application whose schema Liquibase creates at startup from
 * {@code db/changelog/db.changelog-master.yaml}, Spring Boot's default changelog location.
 */
@SpringBootApplication
public class LiquibaseApplication {

}
