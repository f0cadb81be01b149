# Build a static binary, then ship it alone on a minimal image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o /out/orgsite ./cmd/orgsite \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/orgsite /orgsite
COPY --from=build --chown=nonroot:nonroot /out/data /data
USER nonroot:nonroot
ENV ORGSITE_ADDR=:8080 \
    ORGSITE_DB=/data/orgsite.db \
    ORGSITE_MEDIA=/data/media
VOLUME ["/data"]
EXPOSE 8080
ENTRYPOINT ["/orgsite"]
CMD ["serve"]
