# label: slurm
# A real one-node Slurm on 127.0.0.1 (munge, slurmctld, slurmd from Debian)
# runs one batch as `sbatch --array=0-3`: every input gets exactly one
# output, byte-identical to gdalwarp's; the merged status shows it all done
# across 4 shards; resubmitting the array does no work. The daemons this
# test starts are stopped by pid.
. "$(dirname "$0")/lib.sh"
for c in slurmctld slurmd sbatch squeue munged; do
  command -v $c >/dev/null || { echo "note: $c not installed"; exit 77; }
done
[ "$(id -u)" = 0 ] || { echo "note: the test's Slurm runs as root"; exit 77; }
chmod 755 "$T"
S="$T/slurm"
mkdir -p "$S/state" "$S/spool" "$S/munge"
stop() {
  scancel --full --quiet -u root 2>/dev/null || true
  for p in "$S/slurmd.pid" "$S/slurmctld.pid" "$S/munge/munged.pid"; do
    [ -s "$p" ] && kill "$(cat "$p")" 2>/dev/null || true
  done
  sleep 0.5
  rm -rf "$T"
}
trap stop EXIT
head -c 1024 /dev/urandom >"$S/munge/munge.key"
chmod 600 "$S/munge/munge.key"
munged --force --socket="$S/munge/munge.sock" --key-file="$S/munge/munge.key" \
  --pid-file="$S/munge/munged.pid" --log-file="$S/munge/munged.log" \
  --seed-file="$S/munge/munged.seed" || fail "munged"
port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
host=$(hostname)
cat >"$S/slurm.conf" <<EOC
ClusterName=rptest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$(port)
SlurmdPort=$(port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$S/munge/munge.sock
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
StateSaveLocation=$S/state
SlurmdSpoolDir=$S/spool
SlurmctldPidFile=$S/slurmctld.pid
SlurmdPidFile=$S/slurmd.pid
SlurmctldLogFile=$S/slurmctld.log
SlurmdLogFile=$S/slurmd.log
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=rp Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOC
# Slurm 24.11 and later load the cgroup plugin in slurmd even with
# proctrack/linuxproc and task/none, and fail where no cgroup filesystem is
# mounted (a chroot); "CgroupPlugin=disabled" (Slurm >= 24.05) stops that,
# and Slurm 22.05 refuses the value: the file is written by version.
slurm_version=$(slurmd -V | awk '{print $2}')
if [ "$(printf '%s\n' 24.05 "$slurm_version" | sort -V | head -n1)" = 24.05 ]; then
  echo "CgroupPlugin=disabled" >"$S/cgroup.conf"
fi
export SLURM_CONF="$S/slurm.conf"
slurmctld || fail "slurmctld: $(cat "$S/slurmctld.log")"
slurmd -N "$host" || fail "slurmd: $(cat "$S/slurmd.log")"
for _ in $(seq 60); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.5; done
sinfo -h -o %T | grep -q idle || fail "no idle node: $(sinfo; tail "$S"/*.log)"

$MAKE_RASTERS "$T/in" sized:40:200
"$RASTERPOOL" plan "$T/in" "$T/out" >"$T/plan.jsonl" || fail "plan"
[ "$(wc -l <"$T/plan.jsonl")" = 40 ] || fail "plan lines"
cat >"$T/job.sh" <<EOJ
#!/bin/sh
exec "$RASTERPOOL" --plan "$T/plan.jsonl" "$T/out"
EOJ
chmod +x "$T/job.sh"
run_array() { # the array, then wait for it to leave the queue
  local job
  job=$(sbatch --parsable --array=0-3 --cpus-per-task=1 \
        -o "$T/$1-%a.out" "$T/job.sh") || fail "sbatch"
  for _ in $(seq 240); do
    [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && return 0; sleep 0.5
  done
  fail "array $job did not finish: $(squeue)"
}
run_array first
for k in 0 1 2 3; do
  expect_in "$T/first-$k.out" "Shard $k/4 (from SLURM_ARRAY_TASK_ID=$k, SLURM_ARRAY_TASK_COUNT=4"
  expect_in "$T/first-$k.out" "with 1 workers..."
done
[ "$(cat "$T"/first-*.out | grep -c 'Completed: ')" = 40 ] || fail "not 40 tasks in all"
[ "$(ls "$T/out" | wc -l)" = 40 ] || fail "outputs: $(ls "$T/out" | wc -l)"
for f in "$T"/in/*.tif; do
  reference "$f" "$T/ref.tif"
  cmp -s "$T/ref.tif" "$T/out/$(basename "$f" .tif)_warped.tif" || fail "$f differs"
done
rc=0; "$RASTERPOOL" status "$T/out" >"$T/status" || rc=$?
expect_rc 0
expect_in "$T/status" "total: 40 done, 0 failed, 0 missing, 4 of 4 shards started"
stat -c %Y "$T"/out/*.tif >"$T/mtimes"
run_array again
for k in 0 1 2 3; do expect_in "$T/again-$k.out" "Processing 0 rasters"; done
stat -c %Y "$T"/out/*.tif | cmp - "$T/mtimes" || fail "resubmission redid work"
