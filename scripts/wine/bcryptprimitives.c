/* Test environment only, never shipped: Rust >= 1.78's standard library takes its random
 * numbers from ProcessPrng in bcryptprimitives.dll, which Wine 8.0 (Debian 12) lacks, so every
 * Rust program stops at start under it. This one-function DLL forwards to RtlGenRandom
 * (SystemFunction036 in advapi32), which Wine has. scripts/with-wine.sh builds it with mingw
 * into the throwaway Wine prefix's system32. Windows 10 and 11 have the real DLL. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
