/**
 * Auto-configuration of the starter's health indicators, bounded in time during an outage.
 */
@NullMarked
package io.cloacina.database.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
