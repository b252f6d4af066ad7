package io.cloacina.database.dialect;

import java.sql.ResultSet;
import java.sql.SQLException;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.jdbc.core.SqlParameterValue;

/**
 * JSON columns as Jackson {@link JsonNode}s, on either backend: JSON is stored as text on both
 * ({@link DatabaseDialect#jsonType(String)}), so a node goes in as its JSON text and comes back parsed.
 *
 * @since 0.1.0
 */
public final class JacksonJsonValues {

	private final ValueCodec values;

	private final ObjectMapper mapper;

	/**
	 * Create an instance.
	 * @param values the value codec of the backend
	 * @param mapper the mapper that writes and reads the JSON text
	 */
	public JacksonJsonValues(ValueCodec values, ObjectMapper mapper) {
		this.values = values;
		this.mapper = mapper;
	}

	/**
	 * A JSON parameter from a node (null allowed).
	 * @param node the node
	 * @return the parameter to bind
	 */
	public SqlParameterValue json(JsonNode node) {
		return this.values.json((node != null) ? this.mapper.writeValueAsString(node) : null);
	}

	/**
	 * Read a JSON column as a node.
	 * @param resultSet the result set
	 * @param column the column label
	 * @return the node, or {@code null} for SQL NULL
	 * @throws SQLException on a JDBC error
	 */
	public JsonNode getJsonNode(ResultSet resultSet, String column) throws SQLException {
		String text = this.values.getJson(resultSet, column);
		return (text != null) ? this.mapper.readTree(text) : null;
	}

}
