/**
 * Copying an application's data between two databases the starter accepts, typically from an
 * embedded SQLite file to PostgreSQL when the application outgrows one machine (and back, for a
 * production snapshot on a laptop): {@link io.cloacina.database.copy.DatabaseCopy}.
 */
@NullMarked
package io.cloacina.database.copy;

import org.jspecify.annotations.NullMarked;
