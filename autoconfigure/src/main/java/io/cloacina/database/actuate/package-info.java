/**
 * Actuator support outside auto-configuration: masking the starter's passwords in the {@code env}
 * and {@code configprops} endpoints.
 */
@NullMarked
package io.cloacina.database.actuate;

import org.jspecify.annotations.NullMarked;
