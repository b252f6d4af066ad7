package io.cloacina.compatibility.jpa;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A Spring Boot application with JPA on the starter's data source, and nothing else. */
@SpringBootApplication
public class JpaApplication {

}
