/* Test scaffolding, never shipped: wine 8 has no bcryptprimitives.dll, whose ProcessPrng every
 * Rust >= 1.78 Windows program imports. This stand-in forwards it to advapi32's RtlGenRandom
 * (SystemFunction036). Build: see build-shim.sh. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x7fffffff ? 0x7fffffff : (ULONG)len;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
