/**
 * Auto-configuration of Hibernate settings on SQLite.
 */
@NullMarked
package io.cloacina.database.autoconfigure.jpa;

import org.jspecify.annotations.NullMarked;
