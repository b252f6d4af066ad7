/**
 * Auto-configuration of jOOQ's exception translation with the starter's translator.
 */
@NullMarked
package io.cloacina.database.autoconfigure.jooq;

import org.jspecify.annotations.NullMarked;
