/**
 * Spring Integration JDBC on SQLite: the channel message store queries that Spring Integration
 * does not ship for SQLite.
 */
@NullMarked
package io.cloacina.database.integration;

import org.jspecify.annotations.NullMarked;
