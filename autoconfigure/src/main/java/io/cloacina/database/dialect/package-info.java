/**
 * What differs between the backends, as interfaces with one implementation per backend: SQL
 * fragments and DDL ({@link io.cloacina.database.dialect.DatabaseDialect}), how values are stored
 * ({@link io.cloacina.database.dialect.ValueCodec}), leader locks, bulk inserts, and which failures are
 * worth trying again. The implementations live beside their backend's code, in
 * {@code io.cloacina.database.postgresql} and {@code io.cloacina.database.sqlite}.
 */
@NullMarked
package io.cloacina.database.dialect;

import org.jspecify.annotations.NullMarked;
