/**
 * Testcontainers support: connection details for a PostgreSQL container with
 * {@code @ServiceConnection}.
 */
@NullMarked
package io.cloacina.database.testcontainers;

import org.jspecify.annotations.NullMarked;
