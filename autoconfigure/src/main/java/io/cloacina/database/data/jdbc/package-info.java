/**
 * Spring Data JDBC on SQLite: the dialect Spring Data does not ship.
 */
@NullMarked
package io.cloacina.database.data.jdbc;

import org.jspecify.annotations.NullMarked;
