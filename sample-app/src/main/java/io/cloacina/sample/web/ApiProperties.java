package io.cloacina.sample.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP API.
 */
@ConfigurationProperties("sample.api")
public class ApiProperties {

	/**
	 * Largest request body accepted; larger ones get 413 before they are read.
	 */
	private DataSize maxBodySize = DataSize.ofKilobytes(64);

	public DataSize getMaxBodySize() {
		return this.maxBodySize;
	}

	public void setMaxBodySize(DataSize maxBodySize) {
		this.maxBodySize = maxBodySize;
	}

}
