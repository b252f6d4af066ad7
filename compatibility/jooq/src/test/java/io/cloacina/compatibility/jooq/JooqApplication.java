package io.cloacina.compatibility.jooq;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application with jOOQ on the starter's data source, and nothing else. */
@SpringBootApplication
public class JooqApplication {

}
