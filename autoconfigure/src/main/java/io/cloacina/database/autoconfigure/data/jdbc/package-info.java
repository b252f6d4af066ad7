/**
 * Auto-configuration of Spring Data JDBC's dialect for the configured backend.
 */
@NullMarked
package io.cloacina.database.autoconfigure.data.jdbc;

import org.jspecify.annotations.NullMarked;
