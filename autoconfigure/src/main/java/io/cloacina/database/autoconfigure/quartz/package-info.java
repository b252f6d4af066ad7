/**
 * Auto-configuration of the Quartz JDBC job store on the configured backend.
 */
@NullMarked
package io.cloacina.database.autoconfigure.quartz;

import org.jspecify.annotations.NullMarked;
