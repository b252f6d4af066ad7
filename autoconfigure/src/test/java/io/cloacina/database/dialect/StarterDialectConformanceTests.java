package io.cloacina.database.dialect;

import io.cloacina.database.test.AbstractDialectConformanceTests;

/**
 * The conformance suite on the starter's own PostgreSQL and SQLite dialects.
 */
class StarterDialectConformanceTests extends AbstractDialectConformanceTests {

}
