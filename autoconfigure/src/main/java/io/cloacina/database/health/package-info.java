/**
 * Health indicators of the starter's data source, answering in bounded time.
 */
@NullMarked
package io.cloacina.database.health;

import org.jspecify.annotations.NullMarked;
