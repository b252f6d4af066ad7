package io.cloacina.sample.web;

import java.io.ByteArrayInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies larger than {@code sample.api.max-body-size} with 413 and a JSON problem,
 * before anything reads or stores them: at once from the {@code Content-Length}, or, for a body
 * without one (chunked), as soon as more than the limit has arrived. The connection is then closed,
 * so the rest of the body is never read.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestBodyLimitFilter extends OncePerRequestFilter {

	private final long maxBytes;

	RequestBodyLimitFilter(ApiProperties properties) {
		this.maxBytes = properties.getMaxBodySize().toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		long length = request.getContentLengthLong();
		if (length > this.maxBytes) {
			refuse(request, response, "The body has " + length + " bytes");
			return;
		}
		if (length < 0 && request.getHeader("Transfer-Encoding") != null) {
			byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, this.maxBytes + 1));
			if (body.length > this.maxBytes) {
				refuse(request, response, "The body has more than " + this.maxBytes + " bytes");
				return;
			}
			request = new ReadBodyRequest(request, body);
		}
		chain.doFilter(request, response);
	}

	private void refuse(HttpServletRequest request, HttpServletResponse response, String what) throws IOException {
		response.setStatus(413);
		response.setHeader("Connection", "close");
		response.setContentType("application/problem+json");
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		String detail = what + "; at most " + this.maxBytes + " bytes are accepted (sample.api.max-body-size)";
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Content Too Large\",\"status\":413,\"detail\":\"" + detail
					+ "\",\"instance\":\"" + ApiErrors.jsonEscape(ApiErrors.shorten(request.getRequestURI())) + "\"}");
	}

	/** A request whose body has been read already, within the limit. */
	private static final class ReadBodyRequest extends HttpServletRequestWrapper {

		private final byte[] body;

		ReadBodyRequest(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
		}

		@Override
		public ServletInputStream getInputStream() {
			ByteArrayInputStream in = new ByteArrayInputStream(this.body);
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] bytes, int offset, int length) {
					return in.read(bytes, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("The body has been read already");
				}

			};
		}

		@Override
		public BufferedReader getReader() {
			String encoding = getCharacterEncoding();
			Charset charset = (encoding != null) ? Charset.forName(encoding) : StandardCharsets.UTF_8;
			return new BufferedReader(new InputStreamReader(getInputStream(), charset));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

	}

}
