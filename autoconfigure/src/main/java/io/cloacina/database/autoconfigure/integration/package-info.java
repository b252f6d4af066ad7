/**
 * Auto-configuration for Spring Integration JDBC on the configured backend.
 */
@NullMarked
package io.cloacina.database.autoconfigure.integration;

import org.jspecify.annotations.NullMarked;
