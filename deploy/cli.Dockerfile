# The fedcred command line as a container image, for GitLab CI and Azure Pipelines jobs (which
# cannot use a GitHub Action): `image:` in GitLab, `container:` in Azure Pipelines. The binary is
# static (musl), on a small Alpine base that keeps a shell for the jobs' scripts.
# Build from the repository root:
#   docker build -f deploy/cli.Dockerfile -t fedcred .
#   docker run --rm fedcred fedcred --version
FROM rust:1.95-alpine AS build
RUN apk add --no-cache musl-dev
WORKDIR /src
COPY . .
RUN cargo build --locked --release -p fedcred-cli && cp target/release/fedcred /fedcred

FROM alpine:3.21
RUN adduser -D -u 10001 fedcred
COPY --from=build /fedcred /usr/local/bin/fedcred
USER fedcred
# No entrypoint: GitLab runs a job's script with the image's shell (an entrypoint would need
# `entrypoint: [""]` in every job), and Azure Pipelines container jobs run their steps in it.
CMD ["fedcred", "--help"]
