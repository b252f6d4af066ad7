/**
 * Liquibase on SQLite: data types that Liquibase writes in a form SQLite refuses. Loaded only by
 * Liquibase's service locator, through {@code META-INF/services/liquibase.datatype.LiquibaseDataType}:
 * without Liquibase nothing here is loaded.
 */
@NullMarked
package io.cloacina.database.liquibase;

import org.jspecify.annotations.NullMarked;
