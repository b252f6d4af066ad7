/**
 * The starter in Spring Boot's JDBC test slices ({@code @JdbcTest}, {@code @DataJdbcTest}).
 */
@NullMarked
package io.cloacina.database.autoconfigure.jdbc.test;

import org.jspecify.annotations.NullMarked;
