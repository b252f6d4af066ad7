/**
 * Auto-configuration of the actuator's sanitizing of the starter's properties.
 */
@NullMarked
package io.cloacina.database.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
