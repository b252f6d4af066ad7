/**
 * Run mode that copies an application's data into its own database at startup
 * ({@code cloacina.copy.from}): after the application's migrations ran on the target, before any bean
 * that uses the database starts; then the process exits or the application carries on.
 */
@NullMarked
package io.cloacina.database.autoconfigure.copy;

import org.jspecify.annotations.NullMarked;
