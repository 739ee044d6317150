# Roster: build with the Swift toolchain, run on a slim Debian with only libpq.
#   docker build -t roster .
FROM swift:6.0-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends libpq-dev pkg-config && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY sql ./sql
RUN swift build -c release --product roster --static-swift-stdlib \
    && cp "$(swift build -c release --show-bin-path)/roster" /usr/local/bin/roster

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home /nonexistent --shell /usr/sbin/nologin roster
COPY --from=build /usr/local/bin/roster /usr/local/bin/roster
USER roster
ENV PORT=8080
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/readyz" >/dev/null || exit 1
ENTRYPOINT ["roster"]
CMD ["serve"]
